#ifndef COUNTER_H
#define COUNTER_H
long counter_bump(void);
#define COUNTER_STEP 1
#endif
