// The part of the harness router the Notion routes use (each handler wrapped by the simulator's checks).
import type { Router } from '@backspace/testkit';

export type RouteTable = Pick<Router, 'get' | 'post' | 'patch' | 'delete'>;
