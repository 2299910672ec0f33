import { createApp } from 'vue';
import 'element-plus/dist/index.css';
import './styles.css';
import App from './App.vue';
import { router } from './router';
import { setUnauthenticatedHandler } from './api/client';
import { forget, session } from './state/session';

setUnauthenticatedHandler(() => {
  if (!session.user) return;
  forget(true);
  const here = router.currentRoute.value;
  if (here.name !== 'sign-in') void router.push({ name: 'sign-in', query: { redirect: here.fullPath } });
});

createApp(App).use(router).mount('#app');
