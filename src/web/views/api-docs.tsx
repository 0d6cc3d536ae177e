import type { PageContext } from './context.ts';
import { Layout } from './layout.tsx';

interface Operation {
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string; required?: boolean; description?: string }[];
  responses?: Record<string, { description?: string }>;
}

/** A readable page of the OpenAPI document: every path with its parameters and responses. */
export function ApiDocsPage(props: {
  context: PageContext;
  document: { paths: Record<string, Record<string, Operation>> };
}) {
  const { context } = props;
  const { t } = context;
  return (
    <Layout context={context} title={t('api.title')}>
      <h1>{t('api.title')}</h1>
      <p>{t('api.intro')}</p>
      <p>
        <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>
      </p>
      {Object.entries(props.document.paths).map(([path, operations]) =>
        Object.entries(operations).map(([method, operation]) => (
          <section class="operation">
            <h2>
              <code>
                {method.toUpperCase()} {path}
              </code>
            </h2>
            {operation.summary && <p>{operation.summary}</p>}
            {operation.description && <p>{operation.description}</p>}
            {operation.parameters && operation.parameters.length > 0 && (
              <>
                <h3>{t('api.parameters')}</h3>
                <dl>
                  {operation.parameters.map((parameter) => (
                    <>
                      <dt>
                        <code>{parameter.name}</code> ({parameter.in}
                        {parameter.required ? ', required' : ''})
                      </dt>
                      <dd>{parameter.description ?? ''}</dd>
                    </>
                  ))}
                </dl>
              </>
            )}
            <h3>{t('api.responses')}</h3>
            <ul>
              {Object.entries(operation.responses ?? {}).map(([status, response]) => (
                <li>
                  <code>{status}</code> {response.description ?? ''}
                </li>
              ))}
            </ul>
          </section>
        )),
      )}
    </Layout>
  );
}
