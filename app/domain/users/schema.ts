import { z } from 'zod';

const COMMON_PASSWORDS = new Set([
  'password',
  'password1',
  'password123',
  '1234567890',
  '12345678910',
  'qwertyuiop',
  'iloveyou123',
  'letmein123',
  'welcome123',
  'passw0rd123',
  'abcdefghij',
  'contraseña',
  'password12',
  '0123456789',
  'qwerty1234',
  'cocrea1234',
]);

/** What a handle is made of; @mentions (comments/mentions.ts) find handles with the same rule. */
export const HANDLE_PATTERN = '[A-Za-z0-9_]{3,30}';

export const handleSchema = z
  .string({ required_error: 'errors.user.handleRequired' })
  .trim()
  .regex(new RegExp(`^${HANDLE_PATTERN}$`), 'errors.user.handleFormat');

export const signUpSchema = z
  .object({
    handle: handleSchema,
    displayName: z.string().trim().max(60, 'errors.user.nameLength').optional().default(''),
    email: z
      .string({ required_error: 'errors.user.emailRequired' })
      .trim()
      .max(254, 'errors.user.emailLength')
      .email('errors.user.emailFormat'),
    password: z
      .string({ required_error: 'errors.user.passwordRequired' })
      .min(10, 'errors.user.passwordMin')
      .max(200, 'errors.user.passwordMax'),
  })
  .superRefine((v, ctx) => {
    const lower = v.password.toLowerCase();
    if (COMMON_PASSWORDS.has(lower) || /^(.)\1+$/.test(v.password)) {
      ctx.addIssue({
        code: 'custom',
        path: ['password'],
        message: 'errors.user.passwordCommon',
      });
    } else if (v.handle && lower.includes(v.handle.toLowerCase())) {
      ctx.addIssue({
        code: 'custom',
        path: ['password'],
        message: 'errors.user.passwordHandle',
      });
    }
  });
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  login: z
    .string({ required_error: 'errors.user.loginRequired' })
    .trim()
    .min(1, 'errors.user.loginRequired')
    .max(254),
  password: z
    .string({ required_error: 'errors.user.loginPassword' })
    .min(1, 'errors.user.loginPassword')
    .max(200),
});
export type SignInInput = z.infer<typeof signInSchema>;

/** What happens to a deleted account's ideas and comments. */
export const DELETE_CONTENT_CHOICES = ['anonymise', 'remove'] as const;
export type DeleteContentChoice = (typeof DELETE_CONTENT_CHOICES)[number];

/**
 * "Delete my account": the password again, what to do with the person's ideas and comments, and
 * the box that says they mean it. The form offers anonymise first (see docs/decisions/018).
 */
export const deleteAccountSchema = z.object({
  password: z
    .string({
      required_error: 'errors.user.loginPassword',
      invalid_type_error: 'errors.user.loginPassword',
    })
    .min(1, 'errors.user.loginPassword')
    .max(200, 'errors.user.passwordMax'),
  content: z.enum(DELETE_CONTENT_CHOICES, {
    errorMap: () => ({ message: 'errors.user.deleteContent' }),
  }),
  confirm: z.literal('yes', { errorMap: () => ({ message: 'errors.user.deleteConfirm' }) }),
});
export type DeleteAccountInput = z.infer<typeof deleteAccountSchema>;
