import { render } from 'solid-js/web';

render(() => <main>职称评审系统</main>, document.getElementById('root')!);
