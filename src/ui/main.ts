import { mount } from 'svelte';
import App from './App.svelte';
import { installTouchGuards } from './lib/touch-guards';
import './styles/global.css';
import './kit/buttons.css';
import './kit/keys.css';

installTouchGuards(window);
mount(App, { target: document.getElementById('app')! });
