import type { PageContext } from './context.ts';
import { Layout } from './layout.tsx';

export function ErrorPage(props: { context: PageContext; status: number; message: string }) {
  const { context } = props;
  return (
    <Layout context={context} title={context.t('error.title')}>
      <h1>{context.t('error.title')}</h1>
      <p>{props.message}</p>
      <p>
        <a href={context.href('/')}>{context.t('nav.home')}</a>
      </p>
    </Layout>
  );
}
