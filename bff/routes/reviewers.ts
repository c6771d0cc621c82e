/** Who the calling reviewer is, as the BFF sees them: what the queue needs to show the name and offer only what the roles allow. */
import { Hono } from 'hono';
import type { AuthVariables } from '../auth.js';
import type { Deps } from '../deps.js';
import { forbidden } from '../problem.js';

export function reviewers({ auth }: Deps) {
  return new Hono<{ Variables: AuthVariables }>().use(auth.reviewer).get('/me', (c) => {
    const me = c.get('caller');
    if (me.kind !== 'reviewer') throw forbidden('Reviewers only');
    return c.json({ id: me.name, name: me.displayName, roles: me.roles, expiresAt: me.expiresAt ? new Date(me.expiresAt).toISOString() : null });
  });
}
