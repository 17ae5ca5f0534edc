# SPDX-License-Identifier: GPL-2.0-or-later
# make install / uninstall. Honours PREFIX and DESTDIR.
SBINDIR    ?= $(PREFIX)/sbin
MANDIR     ?= $(PREFIX)/share/man
DOCDIR     ?= $(PREFIX)/share/doc/lvs
UNITDIR    ?= $(PREFIX)/lib/systemd/system
SYSCONFDIR ?= /etc
INSTALL_PROGS := pulse lvsd nanny fos lvsctl send_arp
INSTALL_MANS  := $(wildcard man/*.[0-9])

install: programs
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(DOCDIR) $(DESTDIR)$(UNITDIR) \
	    $(DESTDIR)$(SYSCONFDIR)/init.d $(DESTDIR)$(SYSCONFDIR)/sysconfig/ha
	for p in $(INSTALL_PROGS); do install -m 0755 $(BIN)/$$p $(DESTDIR)$(SBINDIR)/$$p; done
	for m in $(INSTALL_MANS); do s=$${m##*.}; install -d $(DESTDIR)$(MANDIR)/man$$s; \
	    install -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$s/; done
	for f in etc/*.sample; do install -m 0644 $$f $(DESTDIR)$(DOCDIR)/; done
	sed 's|/usr/sbin/|$(SBINDIR)/|g' etc/systemd/pulse.service > $(DESTDIR)$(UNITDIR)/pulse.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/pulse.service
	sed 's|^PULSE=.*|PULSE=$${PULSE:-$(SBINDIR)/pulse}|' etc/init.d/pulse > $(DESTDIR)$(SYSCONFDIR)/init.d/pulse
	chmod 0755 $(DESTDIR)$(SYSCONFDIR)/init.d/pulse
	[ -e $(DESTDIR)$(SYSCONFDIR)/sysconfig/pulse ] || install -m 0644 etc/sysconfig/pulse $(DESTDIR)$(SYSCONFDIR)/sysconfig/pulse

uninstall:
	for p in $(INSTALL_PROGS); do rm -f $(DESTDIR)$(SBINDIR)/$$p; done
	for m in $(INSTALL_MANS); do s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$$(basename $$m); done
	for f in etc/*.sample; do rm -f $(DESTDIR)$(DOCDIR)/$$(basename $$f); done
	rm -f $(DESTDIR)$(UNITDIR)/pulse.service $(DESTDIR)$(SYSCONFDIR)/init.d/pulse
	-rmdir $(DESTDIR)$(DOCDIR) 2>/dev/null
