/** Sends a JSON body; resolves to null on success or to the server's (or the network's) message. */
export async function sendJson(url: string, method: "POST" | "PUT", body: unknown): Promise<string | null> {
  try {
    const response = await fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (response.ok) return null;
    const problem = (await response.json().catch(() => null)) as { detail?: string } | null;
    return problem?.detail ?? `The request failed (${response.status}).`;
  } catch {
    return "The server did not answer; nothing changed. Try again.";
  }
}
