import { CompanyInput } from '../domain/company.ts';
import { InputError, zodIssues, type InputIssue } from '../domain/errors.ts';
import data from './real-companies.json' with { type: 'json' };

/**
 * The companies of the real demo cases as known identities, with the names they go by in other scripts
 * (Wildberries / Вайлдберриз / 와일드베리즈, Sony / ソニー / 索尼...), so that a first screening shows what the
 * matcher can do. Every entry names the sources of its names; one without is refused.
 */
export function realCompanies(): CompanyInput[] {
  const issues: InputIssue[] = [];
  const companies: CompanyInput[] = [];
  data.companies.forEach(({ sources, ...entry }, index) => {
    const path = `/companies/${index}`;
    if (sources.length === 0)
      issues.push({
        code: 'missing_source',
        path: `${path}/sources`,
        message: 'name where the names come from',
      });
    const parsed = CompanyInput.safeParse(entry);
    if (parsed.success) companies.push(parsed.data);
    else
      for (const issue of zodIssues(parsed.error, { file: 'real-companies.json' }))
        issues.push({ ...issue, path: `${path}${issue.path ?? ''}` });
  });
  if (issues.length > 0) throw new InputError('invalid_demo_companies', issues);
  return companies;
}
