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

const passwordNotUsername = <T extends { username: string; password: string }>(v: T, ctx: z.RefinementCtx) => {
  if (v.password.toLowerCase().includes(v.username.toLowerCase())) {
    ctx.addIssue({ code: 'custom', path: ['password'], message: 'must not contain the user name' });
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

/** The first administrator (first-run setup): no role to choose. */
export const SetupSchema = z
  .object({ username: UsernameSchema, displayName: DisplayNameSchema.default(''), password: PasswordSchema })
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
