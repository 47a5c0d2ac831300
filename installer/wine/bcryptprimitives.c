/* bcryptprimitives.dll for the Wine lane only (scripts/windows-check.sh): Windows 10 has this DLL, Wine 8 does
   not. Rust's standard library (cryptography's _rust.pyd, hence pyHanko and the program's signing) asks it for
   ProcessPrng, the system's random numbers; here they come from bcrypt's system RNG, as on Windows. Never
   shipped with the program. */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
    while (size > 0) {
        ULONG part = size > 0x40000000 ? 0x40000000 : (ULONG)size;
        if (BCryptGenRandom(NULL, data, part, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
            return FALSE;
        data += part;
        size -= part;
    }
    return TRUE;
}
