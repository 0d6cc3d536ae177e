import MarkdownIt from 'markdown-it';
import { sample, type Options } from 'openapi-sampler';
import type { JSONSchema7 } from 'json-schema';
import apiRussian from '../i18n/api-ru.json' with { type: 'json' };
import type { OpenApiDocument, Operation } from '../openapi.ts';
import type { JsonSchema } from '../openapi/json-schema.ts';
import type { PageContext } from './context.ts';
import { Layout } from './layout.tsx';

/**
 * The API reference, read from the OpenAPI document: each operation with its parameters, an example request
 * and an example answer sampled from its schemas (openapi-sampler), and its answers. The document's texts
 * are Markdown, rendered by markdown-it with raw HTML off (so that nothing in them is markup but Markdown's
 * own); in Russian they are read from `i18n/api-ru.json`, keyed by the English text.
 */

/** The example of a schema, sampled by openapi-sampler (which reads any JSON Schema object). */
function sampled(schema: JsonSchema, options: Options, document: OpenApiDocument): unknown {
  return sample(schema as JSONSchema7, options, document);
}

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });
const russian: Record<string, string> = apiRussian;

/** A text of the document in the page's language (English when it has no translation). */
export function apiText(language: string, text: string): string {
  return (language === 'ru' ? russian[text] : undefined) ?? text;
}

function Markdown(props: { text: string; inline?: boolean }) {
  const html = props.inline ? markdown.renderInline(props.text) : markdown.render(props.text);
  return props.inline ? (
    <span dangerouslySetInnerHTML={{ __html: html }} />
  ) : (
    <div class="markdown" dangerouslySetInnerHTML={{ __html: html }} />
  );
}

/** A value as it is written in a URL's query. */
const queryValue = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** The example request: `curl` with the path's and the query's example values, a token and a sampled body. */
export function exampleRequest(
  base: string,
  method: string,
  path: string,
  operation: Operation,
  document: OpenApiDocument,
): string {
  const parameters = operation.parameters ?? [];
  const filled = path.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    const parameter = parameters.find((candidate) => candidate.name === name);
    return encodeURIComponent(queryValue(parameter?.example ?? name.toUpperCase()));
  });
  const query = new URLSearchParams();
  for (const parameter of parameters)
    if (parameter.in === 'query' && parameter.example !== undefined)
      query.set(parameter.name, queryValue(parameter.example));
  const url = `${base}${filled}${query.size ? `?${query}` : ''}`;
  const lines = [`curl${method === 'get' ? '' : ` -X ${method.toUpperCase()}`} '${url}'`];
  if (operation.security?.length) lines.push(`-H 'Authorization: Bearer bhr_...'`);
  const body = operation.requestBody?.content?.['application/json']?.schema;
  if (body) {
    lines.push(`-H 'Content-Type: application/json'`);
    const json = JSON.stringify(
      sampled(body, { skipReadOnly: true, skipNonRequired: true }, document),
      null,
      2,
    );
    lines.push(`-d '${json.replace(/'/g, `'\\''`)}'`);
  }
  return lines.join(' \\\n  ');
}

/** The example answer of the first successful response with a JSON schema, sampled from it. */
export function exampleAnswer(operation: Operation, document: OpenApiDocument): string | undefined {
  const success = Object.entries(operation.responses ?? {}).find(([status]) => status.startsWith('2'));
  const content = success?.[1].content ?? {};
  const [type, body] = Object.entries(content)[0] ?? [];
  if (!type) return undefined;
  if (!body?.schema) return `${success![0]} ${type}`;
  const value = sampled(body.schema, { skipWriteOnly: true }, document);
  return `${success![0]} ${type}\n\n${JSON.stringify(value, null, 2)}`;
}

/** A block of literal text that scrolls in its own box, reachable by keyboard. */
function Example(props: { label: string; id: string; text: string }) {
  return (
    <>
      <h3 id={props.id}>{props.label}</h3>
      <pre class="example" tabindex={0} aria-labelledby={props.id}>
        <code>{props.text}</code>
      </pre>
    </>
  );
}

export function ApiDocsPage(props: { context: PageContext; document: OpenApiDocument; publicUrl: string }) {
  const { context, document } = props;
  const { t, language } = context;
  const text = (english: string) => apiText(language, english);
  return (
    <Layout context={context} title={t('api.title')}>
      <h1>{t('api.title')}</h1>
      <p>{t('api.intro')}</p>
      <p>
        <a href="/api/v1/openapi.json">
          <code>/api/v1/openapi.json</code>
        </a>
      </p>
      <nav aria-labelledby="api-contents">
        <h2 id="api-contents">{t('api.contents')}</h2>
        <ul class="api-contents">
          {Object.entries(document.paths).flatMap(([path, operations]) =>
            Object.keys(operations).map((method) => (
              <li>
                <a href={`#${operationId(method, path)}`}>
                  <code>
                    {method.toUpperCase()} {path}
                  </code>
                </a>
              </li>
            )),
          )}
        </ul>
      </nav>
      {Object.entries(document.paths).map(([path, operations]) =>
        Object.entries(operations).map(([method, operation]) => {
          const id = operationId(method, path);
          const answer = exampleAnswer(operation, document);
          return (
            <section class="operation" aria-labelledby={id}>
              <h2 id={id}>
                <code>
                  {method.toUpperCase()} {path}
                </code>
              </h2>
              {operation.summary && <Markdown text={text(operation.summary)} />}
              {operation.description && <Markdown text={text(operation.description)} />}
              {operation.parameters && operation.parameters.length > 0 && (
                <>
                  <h3>{t('api.parameters')}</h3>
                  <dl>
                    {operation.parameters.map((parameter) => (
                      <>
                        <dt>
                          <code>{parameter.name}</code> (
                          {t(`api.in.${parameter.in === 'path' ? 'path' : 'query'}`)}
                          {parameter.required ? `, ${t('api.required')}` : ''})
                        </dt>
                        <dd>
                          <Markdown inline text={text(parameter.description ?? '')} />
                        </dd>
                      </>
                    ))}
                  </dl>
                </>
              )}
              <Example
                id={`${id}-request`}
                label={t('api.exampleRequest')}
                text={exampleRequest(props.publicUrl, method, path, operation, document)}
              />
              {answer && <Example id={`${id}-answer`} label={t('api.exampleAnswer')} text={answer} />}
              <h3>{t('api.responses')}</h3>
              <ul>
                {Object.entries(operation.responses ?? {}).map(([status, response]) => (
                  <li>
                    <code>{status}</code> <Markdown inline text={text(response.description ?? '')} />
                  </li>
                ))}
              </ul>
            </section>
          );
        }),
      )}
    </Layout>
  );
}

/** An operation's anchor on the page, e.g. `get-api-v1-records-id`. */
const operationId = (method: string, path: string) =>
  `${method}-${path
    .replace(/[{}]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}`;
