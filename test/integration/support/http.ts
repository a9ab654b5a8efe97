import * as http from 'node:http';

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

/** One request over a real socket; resolves with the status and the body as text. */
export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    req.once('error', reject);
    req.end(options.body);
  });
}

/** POSTs JSON to a sandbox control endpoint. */
export function control(baseUrl: string, path: string, body: unknown = {}): Promise<HttpAnswer> {
  return request(new URL(path, baseUrl).toString(), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}
