// RFC 9457 problem details, and the error the request handlers throw to send one.
import type { ProblemDetails } from '../core/registry/types';

export const PROBLEM_BASE = 'urn:credential-hygiene:registry:problem:';

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  406: 'Not Acceptable', 409: 'Conflict', 411: 'Length Required', 412: 'Precondition Failed', 413: 'Content Too Large', 415: 'Unsupported Media Type',
  422: 'Unprocessable Content', 428: 'Precondition Required', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    /** Short slug, appended to PROBLEM_BASE to form `type`. */
    readonly slug: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  body(instance: string): ProblemDetails {
    return { type: PROBLEM_BASE + this.slug, title: TITLES[this.status] ?? 'Error', status: this.status, detail: this.detail, instance, ...this.extra };
  }
}
