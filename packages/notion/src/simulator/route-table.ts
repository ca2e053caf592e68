// The part of the harness router the Notion routes use (each handler wrapped by the simulator's checks).
import type { Router } from '@backspace/simulator-kit';

export type RouteTable = Pick<Router, 'get' | 'post' | 'patch' | 'delete'>;
