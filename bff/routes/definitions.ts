import { Hono } from 'hono';
import {
  DEFINITION_ID,
  DEFINITION_VERSION,
  DOCUMENT_CATALOGUE,
  PERSIST_STATES,
  STATES,
  SUBMIT_EVENTS,
  SUBMIT_STATES,
} from '../../components/workflow/index.js';
import { notFound } from '../problem.js';

/** The workflow definition as data, straight from the one statechart. */
const definition = {
  id: DEFINITION_ID,
  version: DEFINITION_VERSION,
  states: STATES,
  initialState: STATES[0],
  persistStates: PERSIST_STATES,
  submitStates: SUBMIT_STATES,
  submitEvents: SUBMIT_EVENTS,
  documents: Object.entries(DOCUMENT_CATALOGUE).map(([type, sides]) => ({ type, sides })),
  selfie: true,
};

export const definitions = () =>
  new Hono().get('/:name', (c) => {
    if (c.req.param('name') !== DEFINITION_ID) throw notFound('No such workflow definition');
    return c.json(definition);
  });
