/**
 * Who is acting, for the audit trail: `--by`, else `ACCORD_OPERATOR`, else the OS user.
 *
 * @example operatorName(undefined, { ACCORD_OPERATOR: 'ann' }) // 'ann'
 */
import { userInfo } from 'node:os';

export const OPERATOR_ENV = 'ACCORD_OPERATOR';

export function operatorName(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag !== undefined && flag.trim() !== '') return flag.trim();
  const fromEnv = env[OPERATOR_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv.trim();
  try {
    return userInfo().username || 'operator';
  } catch {
    return 'operator';
  }
}
