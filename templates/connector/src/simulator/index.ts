// @backspace/__name__/simulator: the __Title__ API simulator, in-process, for tests, the demo and
// `backspace` commands against it. Replace the routes with the provider's real paths, shapes, errors
// and rate limits, checked against its published API description.
export { create__Name__Simulator, __NAME___AGENT_TOKEN, __NAME___HUMAN_TOKEN, type __Name__Simulator, type __Name__State } from './simulator.js';
