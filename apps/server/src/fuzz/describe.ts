/** How a failing request is shown: complete enough to replay, short enough to read. */
export function describeRequest(request: {
  via: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}): string {
  return JSON.stringify(request, (_key, value: unknown) => {
    if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
      return `<${value.length} bytes: ${Buffer.from(value).subarray(0, 64).toString('hex')}...>`;
    }
    if (typeof value === 'string' && value.length > 300) {
      return `${value.slice(0, 200)}...<${value.length} chars>`;
    }
    return value;
  });
}
