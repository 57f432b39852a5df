// Errors a user can act on: the CLI prints the message (never a stack) and exits 2.
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
