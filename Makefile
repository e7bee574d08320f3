# make dist | make install PREFIX=/usr/local [DESTDIR=...] | make uninstall
PREFIX ?= /usr/local
DESTDIR ?=

.PHONY: dist install uninstall
dist:
	sh scripts/dist

install: dist
	sh scripts/install install "$$(ls -d dist/tinylab-*-linux-x86_64 | tail -n 1)" "$(PREFIX)" "$(DESTDIR)"

uninstall:
	sh scripts/install uninstall "" "$(PREFIX)" "$(DESTDIR)"
