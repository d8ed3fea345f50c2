#!/usr/bin/env python3
"""N fake Redis targets on free loopback ports (one process, asyncio), each answering
PING/CLIENT/INFO with a captured INFO text: for measuring the agent at fleet sizes that
real servers would not fit on one machine. Prints the ports, one per line, then serves
until killed.  Usage: fake-redis.py N INFO_FILE"""
import asyncio, sys

async def serve(reader, writer, info):
    try:
        while True:
            line = await reader.readline()
            if not line:
                return
            n = int(line[1:].strip() or 0)
            args = []
            for _ in range(n):
                size = int((await reader.readline())[1:].strip())
                args.append((await reader.readexactly(size + 2))[:-2].upper())
            cmd = args[0] if args else b""
            if cmd == b"PING":
                writer.write(b"+PONG\r\n")
            elif cmd == b"INFO":
                writer.write(b"$%d\r\n%s\r\n" % (len(info), info))
            elif cmd == b"CLIENT" and len(args) > 1 and args[1] == b"ID":
                writer.write(b":7\r\n")
            elif cmd in (b"CLIENT", b"SELECT", b"QUIT"):
                writer.write(b"+OK\r\n")
            else:
                writer.write(b"-ERR unknown command\r\n")
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError, ValueError):
        pass
    finally:
        writer.close()

async def main(n, info):
    servers = []
    for _ in range(n):
        s = await asyncio.start_server(lambda r, w: serve(r, w, info), "127.0.0.1", 0, backlog=64)
        servers.append(s)
        print(s.sockets[0].getsockname()[1])
    sys.stdout.flush()
    await asyncio.Event().wait()

if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), open(sys.argv[2], "rb").read()))
