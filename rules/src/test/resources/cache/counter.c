#include "counter.h"

static long total;

long
counter_bump(void)
{
    total += COUNTER_STEP;
    return total;
}
