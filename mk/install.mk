# SPDX-License-Identifier: GPL-2.0-or-later
# make install / uninstall. Honours PREFIX and DESTDIR.
SBINDIR ?= $(PREFIX)/sbin
MANDIR  ?= $(PREFIX)/share/man
DOCDIR  ?= $(PREFIX)/share/doc/lvs
INSTALL_PROGS := $(notdir $(PROGRAMS))
INSTALL_MANS  := $(wildcard man/*.[0-9])

install: programs
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(DOCDIR)
	for p in $(INSTALL_PROGS); do install -m 0755 $(BIN)/$$p $(DESTDIR)$(SBINDIR)/$$p; done
	for m in $(INSTALL_MANS); do s=$${m##*.}; install -d $(DESTDIR)$(MANDIR)/man$$s; \
	    install -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$s/; done
	for f in etc/*.sample; do [ -f "$$f" ] && install -m 0644 $$f $(DESTDIR)$(DOCDIR)/ || true; done

uninstall:
	for p in $(INSTALL_PROGS); do rm -f $(DESTDIR)$(SBINDIR)/$$p; done
	for m in $(INSTALL_MANS); do s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$$(basename $$m); done
	for f in etc/*.sample; do rm -f $(DESTDIR)$(DOCDIR)/$$(basename $$f); done
	-rmdir $(DESTDIR)$(DOCDIR) 2>/dev/null
