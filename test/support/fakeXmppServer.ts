// A scripted XMPP server for tests that need a server to misbehave or to record exactly
// what a client writes. It understands just enough: stream headers, SASL <auth/>, the bind
// iq and the closing </stream:stream>. Not used outside tests.
import net from "node:net";

export interface FakeServerScript {
  /** Address to listen on. Default 127.0.0.1. */
  readonly listenHost?: string;
  /** SASL mechanisms offered. Default ["PLAIN"]. */
  readonly mechanisms?: readonly string[];
  /** Answer to <auth/>: success, or a SASL failure with this condition. Default "success". */
  readonly auth?: "success" | { readonly failure: string; readonly text?: string };
  /** Raw XML written in the same chunk as the bind result (to test what follows binding). */
  readonly afterBind?: string;
  /** Accept connections but never answer. */
  readonly silent?: boolean;
}

export interface FakeXmppServer {
  readonly port: number;
  /** Everything the client wrote after its bind iq. */
  receivedAfterBind(): string;
  /** Resolves once the client has written `text` after its bind iq. */
  waitForAfterBind(text: string): Promise<void>;
  /** Writes raw XML to the (single) connected client. */
  sendRaw(xml: string): void;
  /** Closes the client connection without a stream error. */
  dropClient(): void;
  /** Resolves when the client's socket has closed. */
  clientClosed(): Promise<void>;
  close(): Promise<void>;
}

const NS_SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
const NS_BIND = "urn:ietf:params:xml:ns:xmpp-bind";

export async function startFakeXmppServer(script: FakeServerScript = {}): Promise<FakeXmppServer> {
  let client: net.Socket | undefined;
  let afterBind: string | undefined;
  const afterBindWaiters = new Set<() => void>();
  let clientClosed: Promise<void> = Promise.resolve();

  const server = net.createServer((socket) => {
    client = socket;
    clientClosed = new Promise((resolve) => socket.once("close", () => resolve()));
    socket.on("error", () => {});
    if (script.silent) {
      socket.resume(); // read and ignore, so that the client's close is seen
      return;
    }
    let pending = "";
    let authenticated = false;
    socket.on("data", (chunk) => {
      if (afterBind !== undefined) {
        afterBind += chunk.toString("utf8");
        if (afterBind.includes("</stream:stream>")) socket.end("</stream:stream>");
        for (const wake of [...afterBindWaiters]) wake();
        return;
      }
      pending += chunk.toString("utf8");
      for (;;) {
        const header = /<stream:stream[^>]*>/.exec(pending);
        const auth = /<auth[^>]*(\/>|>[^<]*<\/auth>)/.exec(pending);
        const bind = /<iq[^>]*id="([^"]+)"[^>]*>\s*<bind[\s\S]*?<\/iq>/.exec(pending);
        const next = [header, auth, bind].filter((match) => match !== null).sort((a, b) => a.index - b.index)[0];
        if (!next) return;
        pending = pending.slice(next.index + next[0].length);
        if (next === header) {
          socket.write(`<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='fake' from='localhost' version='1.0'>`);
          socket.write(authenticated
            ? `<stream:features><bind xmlns='${NS_BIND}'/></stream:features>`
            : `<stream:features><mechanisms xmlns='${NS_SASL}'>${(script.mechanisms ?? ["PLAIN"]).map((m) => `<mechanism>${m}</mechanism>`).join("")}</mechanisms></stream:features>`);
        } else if (next === auth) {
          const answer = script.auth ?? "success";
          if (answer === "success") {
            authenticated = true;
            socket.write(`<success xmlns='${NS_SASL}'/>`);
          } else {
            const text = answer.text ? `<text xml:lang='en'>${answer.text}</text>` : "";
            socket.write(`<failure xmlns='${NS_SASL}'><${answer.failure}/>${text}</failure>`);
          }
        } else {
          const resource = /<resource>([^<]*)<\/resource>/.exec(next[0])?.[1] ?? "fake-resource";
          socket.write(`<iq type='result' id='${next[1]}'><bind xmlns='${NS_BIND}'><jid>user@localhost/${resource}</jid></bind></iq>${script.afterBind ?? ""}`);
          afterBind = pending;
          pending = "";
          return;
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, script.listenHost ?? "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;

  return {
    port,
    receivedAfterBind: () => afterBind ?? "",
    waitForAfterBind: (text) => new Promise((resolve) => {
      const check = (): void => {
        if (!(afterBind ?? "").includes(text)) return;
        afterBindWaiters.delete(check);
        resolve();
      };
      afterBindWaiters.add(check);
      check();
    }),
    sendRaw: (xml) => client?.write(xml),
    dropClient: () => client?.destroy(),
    clientClosed: () => clientClosed,
    close: () => new Promise<void>((resolve) => {
      client?.destroy();
      server.close(() => resolve());
    }),
  };
}
