/* Borne: the sandboxed browser's connections to the print server stay blocking.
 *
 * Chromium and Firefox both print through GTK's print backend on Linux, which talks to CUPS
 * over non-blocking connections. Debian 12's libcups2 2.4.2-3+deb12u10 (the security update
 * of 20 November 2026, which backports CUPS 2.4.15's fix for slow clients) never reads the
 * reply on such a connection: the print dialog stays on "Printing...", no job reaches the
 * queue, and a core spins (OpenPrinting/cups issue #1429). On a blocking connection, as `lp`
 * uses, the same library works.
 *
 * Borne loads this into the sandboxed browser only (LD_PRELOAD, src/services/sandbox.rs):
 * every httpBlocking() call asks for a blocking connection. The print server is the station's
 * own, on its local socket, and answers at once. Remove it once Debian's libcups2 reads replies
 * on non-blocking connections again (tests/files.rs prints through both browsers).
 */
#define _GNU_SOURCE
#include <dlfcn.h>

typedef struct _http_s http_t;

void httpBlocking(http_t *http, int blocking);

void httpBlocking(http_t *http, int blocking)
{
  static void (*real)(http_t *, int);

  (void)blocking;
  if (!real)
    real = (void (*)(http_t *, int))dlsym(RTLD_NEXT, "httpBlocking");
  if (real)
    real(http, 1);
}
