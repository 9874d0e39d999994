/** Free loopback ports for throwaway servers (and for "a server that is not there" in tests). */
import net from "node:net";

const LOOPBACK = "127.0.0.1";

/** `count` different loopback ports that nothing listens on right now (bound by us, then closed). */
export async function freeLoopbackPorts(count: number): Promise<number[]> {
  // All listeners stay open until every port is known, so the ports differ.
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise<net.Server>((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, LOOPBACK, () => resolve(server));
  })));
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  return ports;
}

/** One loopback port that nothing listens on right now: a server that is not there. */
export async function freeLoopbackPort(): Promise<number> {
  const [port] = await freeLoopbackPorts(1);
  return port!;
}
