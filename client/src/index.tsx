import { render } from 'solid-js/web';
import { App } from './app';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/live.css';

render(() => <App />, document.getElementById('root')!);
