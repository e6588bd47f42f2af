/* gosoto.h must compile on its own, first, as C99 and as C++11. */
#include <gosoto.h>
#include <gosoto.h> /* and twice: the include guard works */

int header_alone_status_ok(void);
int header_alone_status_ok(void)
{
    return GOSOTO_OK;
}
