# SPDX-License-Identifier: GPL-2.0-or-later
# make install / uninstall. Honours PREFIX and DESTDIR. Copies files only:
# no package is installed (the Makefile's dependency step only checks).
#   ENVDIR      where the pulse options file goes: /etc/sysconfig (RHEL
#               style, the default) or /etc/default (Debian, debian/rules);
#               pulse.service and the init script read both
#   EXAMPLEDIR  the sample lvs.cf, lvs-fos.cf and lvs.ini
#   MODLOADDIR  modules-load.d(5): ip_vs loaded at boot
SBINDIR    ?= $(PREFIX)/sbin
MANDIR     ?= $(PREFIX)/share/man
DOCDIR     ?= $(PREFIX)/share/doc/lvs
EXAMPLEDIR ?= $(DOCDIR)
UNITDIR    ?= $(PREFIX)/lib/systemd/system
MODLOADDIR ?= $(PREFIX)/lib/modules-load.d
SYSCONFDIR ?= /etc
ENVDIR     ?= $(SYSCONFDIR)/sysconfig
INSTALL_PROGS := pulse lvsd nanny fos lvsctl send_arp lvsweb
INSTALL_MANS  := $(wildcard man/*.[0-9])

install: programs
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(EXAMPLEDIR) $(DESTDIR)$(UNITDIR) $(DESTDIR)$(MODLOADDIR) \
	    $(DESTDIR)$(SYSCONFDIR)/init.d $(DESTDIR)$(SYSCONFDIR)/sysconfig/ha $(DESTDIR)$(ENVDIR)
	for p in $(INSTALL_PROGS); do install -m 0755 $(BIN)/$$p $(DESTDIR)$(SBINDIR)/$$p; done
	for m in $(INSTALL_MANS); do s=$${m##*.}; install -d $(DESTDIR)$(MANDIR)/man$$s; \
	    install -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$s/; done
	for f in etc/*.sample; do install -m 0644 $$f $(DESTDIR)$(EXAMPLEDIR)/; done
	sed 's|/usr/sbin/|$(SBINDIR)/|g' etc/systemd/pulse.service > $(DESTDIR)$(UNITDIR)/pulse.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/pulse.service
	sed 's|/usr/sbin/|$(SBINDIR)/|g' etc/systemd/lvsweb.service > $(DESTDIR)$(UNITDIR)/lvsweb.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/lvsweb.service
	install -d $(DESTDIR)$(UNITDIR)/bird.service.d
	install -m 0644 etc/systemd/bird.service.d/lvs-suite.conf $(DESTDIR)$(UNITDIR)/bird.service.d/lvs-suite.conf
	install -m 0644 etc/modules-load.d/lvs.conf $(DESTDIR)$(MODLOADDIR)/lvs.conf
	sed 's|^PULSE=.*|PULSE=$${PULSE:-$(SBINDIR)/pulse}|' etc/init.d/pulse > $(DESTDIR)$(SYSCONFDIR)/init.d/pulse
	chmod 0755 $(DESTDIR)$(SYSCONFDIR)/init.d/pulse
	[ -e $(DESTDIR)$(ENVDIR)/pulse ] || install -m 0644 etc/sysconfig/pulse $(DESTDIR)$(ENVDIR)/pulse

uninstall:
	for p in $(INSTALL_PROGS); do rm -f $(DESTDIR)$(SBINDIR)/$$p; done
	for m in $(INSTALL_MANS); do s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$$(basename $$m); done
	for f in etc/*.sample; do rm -f $(DESTDIR)$(EXAMPLEDIR)/$$(basename $$f); done
	rm -f $(DESTDIR)$(UNITDIR)/pulse.service $(DESTDIR)$(UNITDIR)/lvsweb.service $(DESTDIR)$(SYSCONFDIR)/init.d/pulse \
	    $(DESTDIR)$(MODLOADDIR)/lvs.conf $(DESTDIR)$(UNITDIR)/bird.service.d/lvs-suite.conf
	rmdir $(DESTDIR)$(UNITDIR)/bird.service.d 2>/dev/null || true
	rmdir $(DESTDIR)$(EXAMPLEDIR) 2>/dev/null || true
	rmdir $(DESTDIR)$(DOCDIR) 2>/dev/null || true
