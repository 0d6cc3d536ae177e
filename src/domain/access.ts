import { z } from 'zod';
import { RECORD_STATUSES } from './enumerations.ts';
import accessFile from './vocabularies/access.json' with { type: 'json' };

/**
 * Roles, permissions, API token scopes and the editorial workflow, read from `vocabularies/access.json`.
 * Everything that decides who may do what asks this module.
 */

const Status = z.enum(RECORD_STATUSES);
const AccessFile = z
  .object({
    permissions: z.array(z.string().min(1)).min(1),
    roles: z
      .array(
        z.object({
          id: z.string().min(1),
          label: z.object({ en: z.string(), ru: z.string().optional(), ko: z.string().optional() }),
          permissions: z.array(z.string()),
        }),
      )
      .min(1),
    scopes: z.array(
      z.object({
        id: z.string().min(1),
        description: z.string(),
        /** The description in other languages than English. */
        translations: z
          .object({ ru: z.string().min(1), ko: z.string().min(1) })
          .partial()
          .optional(),
        permissions: z.array(z.string()),
      }),
    ),
    transitions: z.array(
      z.object({
        id: z.string().min(1),
        from: Status,
        to: Status,
        permission: z.string(),
        reason: z.enum(['optional', 'required']),
      }),
    ),
  })
  .superRefine((file, context) => {
    const known = new Set(file.permissions);
    const check = (list: string[], path: (string | number)[]) =>
      list.forEach((permission, index) => {
        if (!known.has(permission))
          context.addIssue({
            code: 'custom',
            path: [...path, index],
            message: `unknown permission ${permission}`,
          });
      });
    file.roles.forEach((role, index) => check(role.permissions, ['roles', index, 'permissions']));
    file.scopes.forEach((scope, index) => check(scope.permissions, ['scopes', index, 'permissions']));
    file.transitions.forEach((transition, index) => check([transition.permission], ['transitions', index]));
  });

const file = AccessFile.parse(accessFile);

export const ROLES = file.roles.map((role) => role.id) as [string, ...string[]];
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;
export type Permission = string;

export const SCOPES = file.scopes.map((scope) => scope.id) as [string, ...string[]];
export const Scope = z.enum(SCOPES);
export type Scope = z.infer<typeof Scope>;

export type Transition = (typeof file.transitions)[number];
export const TRANSITIONS: readonly Transition[] = file.transitions;

const rolePermissions = new Map(file.roles.map((role) => [role.id, new Set(role.permissions)]));
const scopePermissions = new Map(file.scopes.map((scope) => [scope.id, scope.permissions]));

export function roleLabel(role: Role, language: 'en' | 'ru' | 'ko' = 'en'): string {
  const entry = file.roles.find((candidate) => candidate.id === role);
  return (language === 'en' ? undefined : entry?.label[language]) ?? entry?.label.en ?? role;
}

export function scopeDescription(scope: Scope, language: 'en' | 'ru' | 'ko' = 'en'): string {
  const entry = file.scopes.find((candidate) => candidate.id === scope);
  return (language === 'en' ? undefined : entry?.translations?.[language]) ?? entry?.description ?? scope;
}

/** What a role may do. */
export function permissionsOfRole(role: Role): ReadonlySet<Permission> {
  return rolePermissions.get(role) ?? new Set();
}

/** What a token may do: what its scopes grant, and never more than its owner's role allows. */
export function permissionsOfToken(role: Role, scopes: readonly Scope[]): ReadonlySet<Permission> {
  const allowed = permissionsOfRole(role);
  return new Set(scopes.flatMap((scope) => scopePermissions.get(scope) ?? []).filter((p) => allowed.has(p)));
}

/** Editing a record in a status needs this permission: drafts are the researchers', the rest the editors'. */
export function editPermission(status: z.infer<typeof Status>): Permission {
  return status === 'draft' ? 'records:edit-draft' : 'records:edit-any';
}

/** The transitions a holder of these permissions may take from a status. */
export function transitionsFrom(
  status: z.infer<typeof Status>,
  permissions: ReadonlySet<Permission>,
): Transition[] {
  return TRANSITIONS.filter(
    (transition) => transition.from === status && permissions.has(transition.permission),
  );
}

export function findTransition(id: string): Transition | undefined {
  return TRANSITIONS.find((transition) => transition.id === id);
}
