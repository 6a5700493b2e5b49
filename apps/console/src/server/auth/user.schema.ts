import { z } from 'zod';

/**
 * Console accounts: the input schemas shared by the REST routes, the tRPC procedures and the browser forms (this
 * file imports only zod, so client components can use it to check a form before sending it).
 */

/** The roles a person can hold; `worker` is for the data plane's token only. */
export const USER_ROLES = ['admin', 'editor', 'viewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/**
 * Lower-case, so `Alice` and `alice` cannot be two accounts; sign-in lower-cases what is typed. `@` and `.` let
 * an e-mail address or an OIDC preferred_username be a user name.
 */
export const UsernameSchema = z
  .string()
  .trim()
  .min(1, 'enter a user name')
  .max(64, 'at most 64 characters')
  .regex(/^[a-z0-9][a-z0-9._@-]*$/, 'use lower-case letters, digits and . _ @ - (starting with a letter or digit)');

/**
 * NIST SP 800-63B §3.1.1.2: length is what counts (no composition rules); at least 12 characters here. The upper
 * bound only keeps a request from feeding megabytes into the KDF.
 * @see https://pages.nist.gov/800-63-4/sp800-63b.html#passwordver
 */
export const PasswordSchema = z.string().min(12, 'use at least 12 characters').max(1024, 'at most 1024 characters');

export const DisplayNameSchema = z.string().trim().max(100, 'at most 100 characters');

/** True when `password` contains the user name (case-insensitive): the first thing a guesser tries. */
export function passwordContainsUsername(password: string, username: string): boolean {
  return username !== '' && password.toLowerCase().includes(username.toLowerCase());
}

export const PASSWORD_CONTAINS_USERNAME = 'must not contain the user name';

const passwordNotUsername = <T extends { username: string; password: string }>(v: T, ctx: z.RefinementCtx) => {
  if (passwordContainsUsername(v.password, v.username)) {
    ctx.addIssue({ code: 'custom', path: ['password'], message: PASSWORD_CONTAINS_USERNAME });
  }
};

export const CreateUserSchema = z
  .object({
    username: UsernameSchema,
    displayName: DisplayNameSchema.default(''),
    password: PasswordSchema,
    role: z.enum(USER_ROLES),
  })
  .superRefine(passwordNotUsername);
export type CreateUser = z.input<typeof CreateUserSchema>;

/** The first administrator (first-run setup): no role to choose; the setup code proves access to the console's log. */
export const SetupSchema = z
  .object({
    setupCode: z.string({ error: 'enter the setup code printed in the console\'s log' }).trim().min(1, 'enter the setup code printed in the console\'s log').max(200),
    username: UsernameSchema,
    displayName: DisplayNameSchema.default(''),
    password: PasswordSchema,
  })
  .superRefine(passwordNotUsername);
export type Setup = z.input<typeof SetupSchema>;

/** PUT /users/{id}: any subset; `password` is an administrator's reset (it ends the account's sessions). */
export const UpdateUserSchema = z
  .object({
    displayName: DisplayNameSchema.optional(),
    role: z.enum(USER_ROLES).optional(),
    disabled: z.boolean().optional(),
    password: PasswordSchema.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change: send displayName, role, disabled or password' });
export type UpdateUser = z.input<typeof UpdateUserSchema>;

/**
 * An administrator's password reset as a form sends it (PUT /users/{id} with `password`, tRPC users.update): the
 * new password and the same again, checked against the account's user name, which the server checks too.
 */
export function resetPasswordFormSchema(username: string) {
  return z
    .object({ password: PasswordSchema, repeatPassword: z.string() })
    .superRefine((v, ctx) => {
      if (passwordContainsUsername(v.password, username)) ctx.addIssue({ code: 'custom', path: ['password'], message: PASSWORD_CONTAINS_USERNAME });
      if (v.repeatPassword !== v.password) ctx.addIssue({ code: 'custom', path: ['repeatPassword'], message: 'does not match the new password' });
    });
}
export type ResetPasswordForm = z.input<ReturnType<typeof resetPasswordFormSchema>>;

const ChangePasswordFields = z.object({
  // Not the password rules: a password set under older rules must still be accepted as the current one.
  currentPassword: z.string().min(1, 'enter your current password').max(1024, 'at most 1024 characters'),
  newPassword: PasswordSchema,
});

const newDiffersFromCurrent = (v: { currentPassword: string; newPassword: string }, ctx: z.RefinementCtx) => {
  if (v.newPassword !== '' && v.newPassword === v.currentPassword) {
    ctx.addIssue({ code: 'custom', path: ['newPassword'], message: 'must differ from the current password' });
  }
};

/**
 * PUT /me/password (tRPC me.changePassword): the signed-in person changes their own password; the current one
 * proves it is them and not someone at an unlocked screen. The server also refuses a new password that contains
 * the user name (the schema does not know it; changePasswordFormSchema does).
 */
export const ChangePasswordSchema = ChangePasswordFields.superRefine(newDiffersFromCurrent);
export type ChangePassword = z.input<typeof ChangePasswordSchema>;

/** The change-password form: the request's rules, the user name rule, and the new password typed twice. */
export function changePasswordFormSchema(username: string) {
  return ChangePasswordFields.extend({ repeatPassword: z.string() }).superRefine((v, ctx) => {
    newDiffersFromCurrent(v, ctx);
    if (passwordContainsUsername(v.newPassword, username)) ctx.addIssue({ code: 'custom', path: ['newPassword'], message: PASSWORD_CONTAINS_USERNAME });
    if (v.repeatPassword !== v.newPassword) ctx.addIssue({ code: 'custom', path: ['repeatPassword'], message: 'does not match the new password' });
  });
}
export type ChangePasswordForm = z.input<ReturnType<typeof changePasswordFormSchema>>;

/** Sign-in. Not the password rules: an account made under older rules must still be able to sign in. */
export const LoginSchema = z.object({
  username: z.string().trim().toLowerCase().min(1, 'enter your user name').max(256),
  password: z.string().min(1, 'enter your password').max(1024),
});
export type Login = z.input<typeof LoginSchema>;

/** A user as the API serves it: never the password hash. */
export interface UserInfo {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  provider: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string | null;
  lastLoginAt: string | null;
  disabledAt: string | null;
}

/**
 * A browser session as the API serves it. `id` is a display id derived from the stored session id (itself a hash
 * of the cookie): enough to name and end a session, useless as a credential.
 */
export interface SessionInfo {
  id: string;
  /** The session making this request. */
  current: boolean;
  /** How it signed in: `local` (password) or an identity provider. */
  provider: string;
  createdAt: string;
  lastSeenAt: string;
  /** When it ends without further requests (idle timeout), or at the latest (absolute end), whichever is first. */
  idleExpiresAt: string;
  expiresAt: string;
  sourceIp: string;
  userAgent: string;
}

/** What PUT /me/password answers: the password is never echoed. */
export interface PasswordChanged {
  passwordChangedAt: string;
  /** Other sessions of the account that were signed out (the one that made the change stays). */
  endedSessions: number;
}

/** What ending several sessions answers. */
export interface SessionsEnded {
  endedSessions: number;
}
