#ifndef TINYLAB_CNCURSES_SHIM_H
#define TINYLAB_CNCURSES_SHIM_H
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <langinfo.h>
#include <curses.h>

static inline int tl_getmaxy(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)x; return y; }
static inline int tl_getmaxx(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)y; return x; }
static inline attr_t tl_a_bold(void) { return A_BOLD; }
static inline attr_t tl_a_reverse(void) { return A_REVERSE; }
static inline attr_t tl_a_dim(void) { return A_DIM; }
static inline attr_t tl_a_normal(void) { return A_NORMAL; }
static inline int tl_color_pair(int n) { return COLOR_PAIR(n); }
static inline WINDOW *tl_stdscr(void) { return stdscr; }
static inline int tl_key_resize(void) { return KEY_RESIZE; }
static inline int tl_key_right(void) { return KEY_RIGHT; }
static inline int tl_key_left(void) { return KEY_LEFT; }
static inline int tl_key_up(void) { return KEY_UP; }
static inline int tl_key_down(void) { return KEY_DOWN; }
static inline int tl_err(void) { return ERR; }
#endif
