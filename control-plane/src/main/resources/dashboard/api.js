// The API client of the dashboard: the bearer token (kept in localStorage), JSON reads,
// streamed text reads (the console) and watch streams (SSE read through fetch, since
// EventSource cannot send an Authorization header).

const TOKEN_KEY = 'atoll.token';

/** Raised when the API refuses the token: the page asks for another. */
export class Unauthorized extends Error {}

/** An application/problem+json answer. */
export class ProblemError extends Error {
  constructor(status, problem) {
    super(problem && problem.detail ? problem.detail : `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export function token() {
  return localStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  localStorage.setItem(TOKEN_KEY, value.trim());
}

export function forgetToken() {
  localStorage.removeItem(TOKEN_KEY);
}

function headers(accept) {
  return { Authorization: `Bearer ${token()}`, Accept: accept };
}

async function failure(response) {
  if (response.status === 401) {
    throw new Unauthorized('the API refused the token');
  }
  let problem = null;
  try {
    problem = await response.json();
  } catch (ignored) {
    // Not JSON: the status says enough.
  }
  throw new ProblemError(response.status, problem);
}

/** GETs JSON. */
export async function get(path, signal) {
  const response = await fetch(path, { headers: headers('application/json'), signal });
  if (!response.ok) {
    await failure(response);
  }
  return response.json();
}

/**
 * GETs a text stream and hands each decoded chunk to onText until it ends or the signal
 * aborts it.
 */
export async function streamText(path, onText, signal) {
  const response = await fetch(path, { headers: headers('text/plain'), signal });
  if (!response.ok) {
    await failure(response);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    onText(value);
  }
}

/**
 * Follows a watch stream: each event ({type, resourceVersion, id, object}) goes to
 * onEvent. A dropped stream resumes from the last resource version after a pause; a 410
 * (the version was compacted away) starts over, and onReset lets the caller drop what it
 * holds. onState hears 'live', 'retrying' or 'stopped'. Returns a function that stops it.
 */
export function watch(path, { onEvent, onReset, onState, onError }) {
  const controller = new AbortController();
  let version = null;
  let delay = 1000;
  const run = async () => {
    while (!controller.signal.aborted) {
      const url = version === null ? path : `${path}${path.includes('?') ? '&' : '?'}resourceVersion=${version}`;
      try {
        const response = await fetch(url, { headers: headers('text/event-stream'), signal: controller.signal });
        if (response.status === 410) {
          version = null;
          onReset();
          continue;
        }
        if (!response.ok) {
          await failure(response);
        }
        onState('live');
        delay = 1000;
        await readEvents(response, (event) => {
          version = event.resourceVersion;
          onEvent(event);
        });
      } catch (error) {
        if (controller.signal.aborted) {
          break;
        }
        if (error instanceof Unauthorized) {
          onError(error);
          break;
        }
      }
      if (controller.signal.aborted) {
        break;
      }
      onState('retrying');
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 15000);
    }
    onState('stopped');
  };
  run();
  return () => controller.abort();
}

/** Reads text/event-stream messages; hands the JSON data of each event to onEvent. */
async function readEvents(response, onEvent) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value;
    let end;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const message = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      const data = message
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n');
      if (data) {
        onEvent(JSON.parse(data));
      }
    }
  }
}
