import { startSegplanServer } from './start-server.js';

startSegplanServer();
