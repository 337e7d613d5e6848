/* Borne: the sandboxed browser's connections to the print server stay blocking.
 *
 * Chromium and Firefox both print through GTK's print backend on Linux, which opens its
 * connections to CUPS blocking, then makes them non-blocking (httpBlocking(http, 0)). Debian
 * 12's libcups2 2.4.2-3+deb12u10 (the security update of 20 November 2026, which backports
 * CUPS 2.4.15's fix for slow clients) never reads the reply on a non-blocking connection: the
 * print dialog stays on "Printing...", no job reaches the queue, and a core spins
 * (OpenPrinting/cups issue #1429). On a blocking connection, as `lp` uses, the same library
 * works.
 *
 * Borne loads this into the sandboxed browser only (LD_PRELOAD, src/services/sandbox.rs): every
 * httpBlocking() call keeps the connection blocking. The print server is the station's own, on
 * its local socket; a stalled one makes the browser wait for it (libcups's timeout) instead of
 * never printing. Remove it once Debian's libcups2 reads replies on non-blocking connections
 * again (tests/files.rs prints through both browsers).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>

typedef struct _http_s http_t;
typedef void (*blocking_fn)(http_t *, int);

void httpBlocking(http_t *http, int blocking);

/* libcups's own httpBlocking: the next one in the search order, else libcups's where it was
 * loaded privately (a module opened with RTLD_LOCAL is not in that order). */
static blocking_fn real_blocking(void)
{
  static blocking_fn real;
  blocking_fn found = __atomic_load_n(&real, __ATOMIC_ACQUIRE);

  if (found)
    return found;
  found = (blocking_fn)dlsym(RTLD_NEXT, "httpBlocking");
  if (!found) {
    void *cups = dlopen("libcups.so.2", RTLD_LAZY | RTLD_NOLOAD);

    if (cups)
      found = (blocking_fn)dlsym(cups, "httpBlocking");
  }
  if (found)
    __atomic_store_n(&real, found, __ATOMIC_RELEASE);
  return found;
}

void httpBlocking(http_t *http, int blocking)
{
  blocking_fn real = real_blocking();

  (void)blocking;
  /* Without libcups's own (never seen), the connection stays as it was opened: blocking. */
  if (real)
    real(http, 1);
}
