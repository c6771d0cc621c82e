/** personal_details: the applicant's name, date of birth and country, checked against ApplicantSchema. */
import { html, nothing, type TemplateResult } from 'lit';
import * as v from 'valibot';
import { ageOn, ApplicantSchema, COUNTRY_CODES, isIsoDate, MIN_AGE_YEARS, type Applicant } from '../../workflow/index.js';
import type { KycFlowStrings } from '../strings.js';
import { countryOptions, heading, type Field, type FieldErrors, type FlowView } from './view.js';

const FIELDS: Field[] = ['firstName', 'lastName', 'dateOfBirth', 'country'];
/** The input's `min`: the rule an earlier date breaks is this one, so it is the one the message names. */
const EARLIEST_BIRTH = '1900-01-01';

/** The latest date of birth of an adult today, as YYYY-MM-DD. */
function adultBefore(now = new Date()): string {
  const d = new Date(Date.UTC(now.getUTCFullYear() - MIN_AGE_YEARS, now.getUTCMonth(), now.getUTCDate()));
  return d.toISOString().slice(0, 10);
}

/** The form's applicant, or the errors to show (one per field, in the words of the rule it breaks). */
export function readDetails(form: HTMLFormElement, t: KycFlowStrings): { applicant: Applicant } | { errors: FieldErrors; first: Field } {
  const data = new FormData(form);
  const applicant = {
    firstName: String(data.get('firstName') ?? '').trim(),
    lastName: String(data.get('lastName') ?? '').trim(),
    dateOfBirth: String(data.get('dateOfBirth') ?? ''),
    country: String(data.get('country') ?? ''),
  };
  const labels: Record<Field, string> = { firstName: t.firstName, lastName: t.lastName, dateOfBirth: t.dateOfBirth, country: t.country };
  const errors: FieldErrors = {};
  const result = v.safeParse(ApplicantSchema, applicant);
  const invalid = new Set<Field>(result.success ? [] : result.issues.map((issue) => issue.path?.[0]?.key as Field).filter(Boolean));
  for (const field of FIELDS) {
    const input = form.elements.namedItem(field) as HTMLInputElement | HTMLSelectElement | null;
    if (input && !input.validity.valid) invalid.add(field);
  }
  for (const field of invalid) {
    const value = applicant[field];
    if (!value) errors[field] = t.required(labels[field]);
    else if (field === 'dateOfBirth') {
      if (!isIsoDate(value)) errors[field] = t.dateInvalid;
      else if (value < EARLIEST_BIRTH) errors[field] = t.dateTooEarly(1900);
      else if (new Date(`${value}T00:00:00Z`).getTime() >= Date.now()) errors[field] = t.dateFuture;
      else if (ageOn(value) < MIN_AGE_YEARS) errors[field] = t.tooYoung(MIN_AGE_YEARS);
      else errors[field] = t.dateInvalid;
    } else if (field === 'country') errors[field] = t.countryInvalid;
    else errors[field] = t.tooLong(labels[field], 100);
  }
  const first = FIELDS.find((field) => errors[field]);
  if (first || !result.success) return { errors, first: first ?? 'firstName' };
  return { applicant: result.output };
}

export function renderDetails(view: FlowView) {
  const { t, fieldErrors: errors } = view;
  const applicant = view.state.snapshot.context.applicant;
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const read = readDetails(event.target as HTMLFormElement, t);
    if ('applicant' in read) {
      view.invalid({});
      view.send({ type: 'SUBMIT_DETAILS', applicant: read.applicant });
    } else view.invalid(read.errors, `[name=${read.first}]`);
  };
  const field = (name: Field, label: string, control: TemplateResult) => html`
    <div class="field" part="field">
      <label for="kyc-${name}">${label}</label>
      ${control}
      ${errors[name] ? html`<p class="field-error" id="kyc-${name}-error">${errors[name]}</p>` : nothing}
    </div>
  `;
  const described = (name: Field) => (errors[name] ? `kyc-${name}-error` : nothing);
  const invalid = (name: Field) => (errors[name] ? 'true' : nothing);
  return html`
    ${heading(t.detailsHeading)}
    <form novalidate @submit=${onSubmit}>
      ${field(
        'firstName',
        t.firstName,
        html`<input part="input" id="kyc-firstName" name="firstName" autocomplete="given-name" required maxlength="100"
          .value=${applicant?.firstName ?? ''} aria-invalid=${invalid('firstName')} aria-describedby=${described('firstName')} />`,
      )}
      ${field(
        'lastName',
        t.lastName,
        html`<input part="input" id="kyc-lastName" name="lastName" autocomplete="family-name" required maxlength="100"
          .value=${applicant?.lastName ?? ''} aria-invalid=${invalid('lastName')} aria-describedby=${described('lastName')} />`,
      )}
      ${field(
        'dateOfBirth',
        t.dateOfBirth,
        html`<input part="input" id="kyc-dateOfBirth" name="dateOfBirth" type="date" autocomplete="bday" required
          min=${EARLIEST_BIRTH} max=${adultBefore()} .value=${applicant?.dateOfBirth ?? ''}
          aria-invalid=${invalid('dateOfBirth')} aria-describedby=${described('dateOfBirth')} />`,
      )}
      ${field(
        'country',
        t.country,
        html`<select part="input" id="kyc-country" name="country" autocomplete="country" required
          aria-invalid=${invalid('country')} aria-describedby=${described('country')}>
          <option value="" ?selected=${!applicant?.country}>${t.chooseCountry}</option>
          ${countryOptions(COUNTRY_CODES, view.locale, applicant?.country ?? '')}
        </select>`,
      )}
      <div class="actions">
        <button part="button primary" class="primary" type="submit" ?disabled=${view.busy}>${t.continue}</button>
      </div>
    </form>
  `;
}
