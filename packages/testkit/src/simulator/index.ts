// Checks of a simulator against its provider's published OpenAPI description (tests only: ajv).
export { createResponseValidator, type ResponseValidator, type ResponseValidatorOptions, type ResponseToValidate, type ValidationResult } from './validator.js';
export { matchPathTemplate, findPathTemplate, type PathTemplateMatch } from './openapi-paths.js';
