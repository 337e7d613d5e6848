# What a screen reader finds of a session's browser: run on the session's own AT-SPI bus
# (AT_SPI_BUS_ADDRESS), it waits until the Orca screen reader is on the bus and an accessible
# of another application (the browser) is named ARGV[1], then prints the applications found.
# Exit 1 if either is missing after 30 s.
import sys
import time

import pyatspi

wanted = sys.argv[1]


def named(node, depth=0):
    if node is None or depth > 60:
        return False
    if wanted in (node.name or ""):
        return True
    return any(named(child, depth + 1) for child in node)


deadline = time.time() + 30
apps, reader, page = [], False, False
while time.time() < deadline:
    try:
        apps = [app.name for app in pyatspi.Registry.getDesktop(0) if app is not None]
        reader = "orca" in apps
        page = any(
            app is not None and app.name != "orca" and named(app)
            for app in pyatspi.Registry.getDesktop(0)
        )
    except Exception as error:  # an application still starting
        print("not yet:", error)
    if reader and page:
        break
    time.sleep(0.5)
print("applications:", ", ".join(apps))
print("screen reader:", reader)
print("page found:", page)
sys.exit(0 if reader and page else 1)
