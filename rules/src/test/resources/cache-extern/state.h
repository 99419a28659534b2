#ifndef STATE_H
#define STATE_H
/* Defined in state.c, written by the module's methods. */
extern long hits;
long hits_total(void);
#endif
