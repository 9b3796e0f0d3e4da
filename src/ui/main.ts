import { mount } from 'svelte';
import { FIRST_PICTURE_ID } from '../shared';
import App from './App.svelte';
import { installTouchGuards } from './lib/touch-guards';
import './styles/global.css';
import './kit/buttons.css';
import './kit/keys.css';

installTouchGuards(window);
const start = () => mount(App, { target: document.getElementById('app')! });
// With the kiosk host's first picture in the page (first-picture.ts), the browser draws it before
// the shell starts: this script runs as soon as the page is read, and starting the shell at once
// kept the page's thread busy past the picture's frame (on a slow kiosk PC, for most of a second).
// The frame's callback runs before it is drawn, the timer after.
if (document.getElementById(FIRST_PICTURE_ID)) requestAnimationFrame(() => setTimeout(start));
else start();
