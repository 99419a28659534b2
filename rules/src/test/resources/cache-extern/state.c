#include "state.h"

long hits = 0;

long
hits_total(void)
{
    return hits;
}
