/* rt_strlcpy; the C helpers of rt/string.h are the kernel's (kernel/kernel/string.c, built
 * into this library). */
#include <rt/string.h>

size_t rt_strlcpy(char *dst, const char *src, size_t size)
{
    size_t n = strlen(src);
    if (size) {
        size_t k = n < size ? n : size - 1;
        memcpy(dst, src, k);
        dst[k] = '\0';
    }
    return n;
}
