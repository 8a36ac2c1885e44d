/* A stand-in for bcryptprimitives.dll, which Wine 8.0 lacks but Rust's std (1.78+) imports
 * for ProcessPrng. Only for running the test binaries under Wine; never shipped.
 * ProcessPrng fills the buffer from advapi32's RtlGenRandom (SystemFunction036), whose
 * length parameter is 32-bit, so large requests are served in 1 GiB pieces. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    const SIZE_T piece = (SIZE_T)1 << 30;
    while (length > 0) {
        ULONG n = (ULONG)(length < piece ? length : piece);
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        length -= n;
    }
    return TRUE;
}
