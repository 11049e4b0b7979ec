import { expect, test, type Page } from './fixtures';
import {
  AUTH_FLOW,
  PASSWORD_BINDING,
  TOKEN,
  apiGet,
  apiWrites,
  chooseFirstStage,
  columnOf,
  injectFault,
  openEditor,
  openSignedIn,
  resetServer,
  rowsOf,
} from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

const FLOW_TABLE = 'Stage bindings';

async function openFlow(page: Page, slug = 'default-authentication-flow') {
  await openSignedIn(page, `/flows/${slug}`);
  await expect(rowsOf(page, FLOW_TABLE).first()).toBeVisible();
}

test('the flow detail lists its bindings in order', async ({ page }) => {
  await openFlow(page);
  expect(await columnOf(page, FLOW_TABLE, 0)).toEqual(['10', '20', '30', '100']);
  expect(await columnOf(page, FLOW_TABLE, 1)).toEqual([
    'default-authentication-identification',
    'default-authentication-password',
    'default-authentication-mfa-validation',
    'default-authentication-login',
  ]);
  expect(await columnOf(page, FLOW_TABLE, 2)).toEqual([
    'Identification Stage', 'Password Stage', 'Authenticator Validation Stage', 'User Login Stage',
  ]);
  await expect(page.getByRole('button', { name: 'Move “default-authentication-identification” up' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Move “default-authentication-login” down' })).toBeDisabled();
});

test('editing a binding saves order and policy engine mode, and every view shows them', async ({ page, request }) => {
  await openFlow(page);
  await page.getByRole('link', { name: 'Edit the binding of stage “default-authentication-password”' }).click();
  await expect(page).toHaveURL(new RegExp(`/bindings/${PASSWORD_BINDING}\\?return=`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Edit the binding of stage “default-authentication-password” in flow “Welcome to authentik!”',
  );
  const order = page.getByRole('textbox', { name: 'Order' });
  await expect(order).toHaveValue('20');
  await order.fill('25');
  await page.getByRole('combobox', { name: 'Policy engine mode' }).selectOption({ label: 'All policies' });
  await page.getByRole('combobox', { name: 'Invalid response action' }).selectOption({ label: 'Restart the flow' });
  await page.getByRole('button', { name: 'Save' }).click();

  // Back on the flow, without a reload, with the new values.
  await expect(page).toHaveURL(/\/flows\/default-authentication-flow$/);
  await expect(page.getByRole('status').filter({ hasText: 'Saved the binding of stage “default-authentication-password”' })).toBeVisible();
  await expect.poll(() => columnOf(page, FLOW_TABLE, 0)).toEqual(['10', '25', '30', '100']);
  expect((await columnOf(page, FLOW_TABLE, 5))[1]).toBe('All policies');
  expect((await columnOf(page, FLOW_TABLE, 6))[1]).toBe('Restart the flow');

  const stored = await apiGet(request, `flows/bindings/${PASSWORD_BINDING}/`);
  expect(stored.body.order).toBe(25);
  expect(stored.body.policy_engine_mode).toBe('all');
  expect(stored.body.invalid_response_action).toBe('restart');
  expect(stored.body.re_evaluate_policies).toBe(true);
  const writes = await apiWrites(request);
  expect(writes.map((w) => `${w.method} ${w.status}`)).toEqual(['PATCH 200']);

  // The bindings table shows it too.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Bindings' }).click();
  await page.getByRole('textbox', { name: 'Order' }).fill('25');
  await page.getByRole('textbox', { name: 'Order' }).press('Enter');
  await expect.poll(() => columnOf(page, 'Stage bindings', 2)).toContain('default-authentication-password');
});

test('client-side validation stops bad input before any request', async ({ page, request }) => {
  await openEditor(page, PASSWORD_BINDING);
  const order = page.getByRole('textbox', { name: 'Order' });
  const save = page.getByRole('button', { name: 'Save' });
  const cases: [string, string][] = [
    ['abc', 'The order must be a whole number, such as 10 or -5.'],
    ['2147483648', 'The order must be at most 2147483647.'],
    ['-2147483649', 'The order must be at least -2147483648.'],
    ['', 'Enter the order, a whole number such as 10.'],
  ];
  for (const [value, message] of cases) {
    await order.fill(value);
    await save.click();
    await expect(page.locator('#akf-binding-order-error')).toHaveText(message);
    await expect(order).toBeFocused();
    await expect(order).toHaveAttribute('aria-invalid', 'true');
    await expect(order).toHaveValue(value); // nothing typed is lost
  }
  await order.fill('20');
  await page.getByRole('checkbox', { name: /Re-evaluate policies/ }).uncheck();
  await save.click();
  await expect(page.locator('#akf-binding-evaluation-error')).toHaveText(
    'Tick “Evaluate on plan”, “Re-evaluate policies” or both: authentik needs the policies evaluated at least once.',
  );
  await expect(page.getByRole('checkbox', { name: /Evaluate on plan/ })).toBeFocused();
  expect(await apiWrites(request)).toHaveLength(0);
});

test('a new binding needs a flow and a stage, checked before any request', async ({ page, request }) => {
  await openSignedIn(page, '/bindings/new');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#akf-binding-target-error')).toHaveText('Choose the flow this stage is bound to.');
  await expect(page.locator('#akf-binding-stage-error')).toHaveText('Choose a stage.');
  await expect(page.getByRole('combobox', { name: 'Flow', exact: true })).toBeFocused();
  expect(await apiWrites(request)).toHaveLength(0);
  // Choosing a stage answers its message: it goes at once, the flow's stays until a flow is chosen.
  const stage = page.getByRole('combobox', { name: 'Stage', exact: true });
  await expect(stage).toHaveAttribute('aria-invalid', 'true');
  await stage.fill('default-authentication-pass');
  await page.getByRole('option', { name: /default-authentication-password/ }).click();
  await expect(page.locator('#akf-binding-stage-error')).toHaveText('');
  await expect(stage).toHaveAttribute('aria-invalid', 'false');
  await expect(page.locator('#akf-binding-target-error')).toHaveText('Choose the flow this stage is bound to.');
  await expect(page.getByRole('combobox', { name: 'Flow', exact: true })).toHaveAttribute('aria-invalid', 'true');
});

test('a duplicate (flow, stage, order) is refused, said at the order in the form’s words', async ({ page, request }) => {
  // Create: same flow and stage as the password binding, at its order, set otherwise.
  await openSignedIn(page, `/bindings/new?target=${AUTH_FLOW}&order=20`);
  await expect(page.getByRole('combobox', { name: 'Flow', exact: true })).toHaveValue('Welcome to authentik!');
  const stage = page.getByRole('combobox', { name: 'Stage', exact: true });
  await stage.fill('default-authentication-pass');
  await page.getByRole('option', { name: /default-authentication-password/ }).click();
  await expect(stage).toHaveValue('default-authentication-password');
  await page.getByRole('combobox', { name: 'Policy engine mode' }).selectOption({ label: 'All policies' });
  await page.getByRole('button', { name: 'Save' }).click();
  const order = page.getByRole('textbox', { name: 'Order' });
  await expect(order).toBeFocused();
  await expect(order).toHaveAttribute('aria-invalid', 'true');
  await expect(order).toHaveAccessibleDescription(
    /This flow already has “default-authentication-password” at order 20\. Choose another order, or edit that binding instead\./,
  );
  await expect(page.locator('#akf-binding-form-errors')).toBeHidden();
  await expect(page).toHaveURL(/\/bindings\/new/);
  expect((await apiWrites(request)).map((w) => `${w.method} ${w.status}`)).toEqual(['POST 400']);
  // “Edit that binding instead”: a link to it, right there.
  const taken = page.getByRole('link', { name: 'Edit the binding that has this order' });
  await expect(taken).toHaveAttribute('href', new RegExp(`/bindings/${PASSWORD_BINDING}\\?return=`));

  // Another order: saved.
  await order.fill('25');
  await expect(order).toHaveAttribute('aria-invalid', 'false');
  await expect(taken).toBeHidden();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Created the binding of stage' })).toContainText('at order 25');
});

test('a new binding set exactly as one already there is not offered as a clash: nothing to save', async ({ page, request }) => {
  // As when a POST's answer is lost on a dropped connection and the browser sends it again: the copy is refused,
  // and the binding refused as a duplicate is the one asked for (perhaps made by this very save).
  await openSignedIn(page, `/bindings/new?target=${AUTH_FLOW}&order=20&return=%2Fflows%2Fdefault-authentication-flow`);
  const stage = page.getByRole('combobox', { name: 'Stage', exact: true });
  await stage.fill('default-authentication-pass');
  await page.getByRole('option', { name: /default-authentication-password/ }).click();
  await expect(stage).toHaveValue('default-authentication-password');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/flows\/default-authentication-flow$/);
  await expect(
    page.getByRole('status').filter({
      hasText: /^Nothing to save, already in place: the binding of stage “default-authentication-password”.* at order 20\.$/,
    }),
  ).toBeVisible();
  expect((await apiWrites(request)).map((w) => `${w.method} ${w.status}`)).toEqual(['POST 400']);
  await expect(page.getByRole('row', { name: /default-authentication-password/ })).toHaveCount(1);
});

test('a refusal about the whole binding that is not a duplicate shows authentik’s own words above the form', async ({
  page,
  request,
}) => {
  await openEditor(page, PASSWORD_BINDING);
  await injectFault(request, {
    kind: 'status', status: 400, path: '/flows/bindings/', times: 1,
    body: { non_field_errors: ['Die Felder target, stage, order müssen eine eindeutige Menge bilden.'] },
  });
  await page.getByRole('textbox', { name: 'Order' }).fill('21');
  await page.getByRole('button', { name: 'Save' }).click();
  const summary = page.locator('#akf-binding-form-errors');
  await expect(summary).toContainText('Die Felder target, stage, order müssen eine eindeutige Menge bilden.');
  await expect(summary).toBeFocused();
});

test('server field errors appear under their fields', async ({ page, request }) => {
  await openEditor(page, PASSWORD_BINDING);
  await injectFault(request, {
    kind: 'status',
    status: 400,
    path: '/flows/bindings/',
    body: {
      stage: ['Invalid pk "6fa70650-8dde-4209-a49a-b11fc19bac7e" - object does not exist.'],
      order: ['Ensure this value is less than or equal to 2147483647.'],
    },
  });
  await page.getByRole('textbox', { name: 'Order' }).fill('30');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#akf-binding-stage-error')).toHaveText(
    'Invalid pk "6fa70650-8dde-4209-a49a-b11fc19bac7e" - object does not exist.',
  );
  await expect(page.locator('#akf-binding-order-error')).toHaveText('Ensure this value is less than or equal to 2147483647.');
  await expect(page.getByRole('combobox', { name: 'Stage', exact: true })).toBeFocused();
  await expect(page.getByRole('textbox', { name: 'Order' })).toHaveValue('30');
});

test('a 403 on save shows authentik’s detail', async ({ page, request }) => {
  await openEditor(page, PASSWORD_BINDING);
  await injectFault(request, {
    kind: 'status', status: 403, path: '/flows/bindings/',
    body: { detail: 'You do not have permission to perform this action.' },
  });
  await page.getByRole('textbox', { name: 'Order' }).fill('21');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#akf-binding-form-errors')).toContainText('Not allowed: You do not have permission to perform this action.');
});

test('a network failure keeps every edit and Retry saves them', async ({ page, request }) => {
  await openEditor(page, PASSWORD_BINDING);
  await injectFault(request, { kind: 'drop', path: `/flows/bindings/${PASSWORD_BINDING}/`, times: 0 });
  await page.getByRole('textbox', { name: 'Order' }).fill('27');
  await page.getByRole('combobox', { name: 'Policy engine mode' }).selectOption({ label: 'All policies' });
  await page.getByRole('button', { name: 'Save' }).click();
  // The check that follows a lost answer could not reach it either.
  await expect(page.getByRole('alert').filter({ hasText: /^The binding may or may not have been saved\. Could not reach the authentik API.* Your changes are still here\.$/ })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Order' })).toHaveValue('27');
  await expect(page.getByRole('combobox', { name: 'Policy engine mode' })).toHaveValue('all');
  await request.delete('/__admin/faults');
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page).toHaveURL(/\/bindings$/);
  expect((await apiGet(request, `flows/bindings/${PASSWORD_BINDING}/`)).body.order).toBe(27);
});

test('creating a binding from the flow page', async ({ page, request }) => {
  await openFlow(page);
  await page.getByRole('link', { name: 'Add stage binding' }).click();
  await expect(page).toHaveURL(/\/bindings\/new\?target=.*order=110/);
  await expect(page.getByRole('combobox', { name: 'Flow', exact: true })).toHaveValue('Welcome to authentik!');
  await expect(page.getByRole('textbox', { name: 'Order' })).toHaveValue('110');
  const { chosen } = await chooseFirstStage(page, 'deny');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/flows\/default-authentication-flow$/);
  await expect(page.getByRole('status').filter({ hasText: `Created the binding of stage “${chosen}”` })).toBeVisible();
  await expect.poll(() => columnOf(page, FLOW_TABLE, 1)).toEqual([
    'default-authentication-identification',
    'default-authentication-password',
    'default-authentication-mfa-validation',
    'default-authentication-login',
    chosen,
  ]);
  const stored = await apiGet(request, `flows/bindings/?target=${AUTH_FLOW}&order=110`);
  expect(stored.body.results).toHaveLength(1);
  expect(stored.body.results[0].stage_obj.name).toBe(chosen);
});

test('deleting a binding asks first, naming the flow and the stage', async ({ page, request }) => {
  await openFlow(page);
  await page.getByRole('button', { name: 'Delete the binding of stage “default-authentication-mfa-validation”' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete this binding?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(
    'The stage “default-authentication-mfa-validation” will no longer run in the flow “Welcome to authentik!” (order 30), and any policies bound to this binding are unbound. The stage and the policies themselves are kept.',
  );
  // Cancel keeps it.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(await apiWrites(request)).toHaveLength(0);

  await page.getByRole('button', { name: 'Delete the binding of stage “default-authentication-mfa-validation”' }).click();
  await dialog.getByRole('button', { name: 'Delete binding' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Deleted the binding of stage “default-authentication-mfa-validation”' })).toBeVisible();
  await expect.poll(() => columnOf(page, FLOW_TABLE, 0)).toEqual(['10', '20', '100']);
  const remaining = await apiGet(request, `flows/bindings/?target=${AUTH_FLOW}`);
  expect(remaining.body.pagination.count).toBe(3);
});

test('deleting from the editor, then the table no longer has it', async ({ page, request }) => {
  await openEditor(page, PASSWORD_BINDING, '?return=%2Fbindings');
  await page.getByRole('button', { name: 'Delete binding…' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete this binding?' });
  await expect(dialog).toContainText('“default-authentication-password”');
  await expect(dialog).toContainText('“Welcome to authentik!”');
  await dialog.getByRole('button', { name: 'Delete binding' }).click();
  await expect(page).toHaveURL(/\/bindings$/);
  expect((await apiGet(request, `flows/bindings/${PASSWORD_BINDING}/`)).status).toBe(404);
});

test('reordering moves one binding with one request', async ({ page, request }) => {
  await openFlow(page);
  await page.getByRole('button', { name: 'Move “default-authentication-mfa-validation” up' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Moved “default-authentication-mfa-validation” up.' })).toBeVisible();
  await expect.poll(() => columnOf(page, FLOW_TABLE, 1)).toEqual([
    'default-authentication-identification',
    'default-authentication-mfa-validation',
    'default-authentication-password',
    'default-authentication-login',
  ]);
  expect(await columnOf(page, FLOW_TABLE, 0)).toEqual(['10', '15', '20', '100']);
  // Focus stays with the moved binding.
  await expect(page.getByRole('button', { name: 'Move “default-authentication-mfa-validation” up' })).toBeFocused();
  const writes = await apiWrites(request);
  expect(writes.map((w) => `${w.method} ${w.status}`)).toEqual(['PATCH 200']);
  // The server holds the same order.
  const stored = await apiGet(request, `flows/bindings/?target=${AUTH_FLOW}`);
  expect(stored.body.results.map((b: { stage_obj: { name: string } }) => b.stage_obj.name)).toEqual(await columnOf(page, FLOW_TABLE, 1));

  // From the keyboard: move it down again.
  await page.getByRole('button', { name: 'Move “default-authentication-mfa-validation” down' }).focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => columnOf(page, FLOW_TABLE, 1)).toEqual([
    'default-authentication-identification',
    'default-authentication-password',
    'default-authentication-mfa-validation',
    'default-authentication-login',
  ]);
});

test('a binding moved to the bottom keeps focus there: pressing again does nothing', async ({ page, request }) => {
  await openFlow(page);
  const down = page.getByRole('button', { name: 'Move “default-authentication-mfa-validation” down' });
  await down.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Moved “default-authentication-mfa-validation” down.' })).toBeVisible();
  await expect.poll(() => columnOf(page, FLOW_TABLE, 1)).toEqual([
    'default-authentication-identification',
    'default-authentication-password',
    'default-authentication-login',
    'default-authentication-mfa-validation',
  ]);
  // At the bottom now: the same button, still focused, unavailable.
  await expect(down).toBeFocused();
  await expect(down).toHaveAttribute('aria-disabled', 'true');
  // Pressing on (as a user does who has not yet seen the move land) sends nothing
  // and leaves the order as it is.
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(down).toBeFocused();
  // Time for a request to go out, if one were sent.
  await page.waitForTimeout(300);
  const writes = await apiWrites(request);
  expect(writes.map((w) => `${w.method} ${w.status}`)).toEqual(['PATCH 200']);
  expect(await columnOf(page, FLOW_TABLE, 1)).toEqual([
    'default-authentication-identification',
    'default-authentication-password',
    'default-authentication-login',
    'default-authentication-mfa-validation',
  ]);
});

test('a refused reorder says so and shows the true order', async ({ page, request }) => {
  await openFlow(page);
  await injectFault(request, {
    kind: 'status', status: 400, path: '/flows/bindings/',
    body: { non_field_errors: ['The fields target, stage, order must make a unique set.'] },
  });
  await page.getByRole('button', { name: 'Move “default-authentication-login” up' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '“default-authentication-login” was not moved' })).toContainText(
    'The fields target, stage, order must make a unique set.',
  );
  await expect.poll(() => columnOf(page, FLOW_TABLE, 0)).toEqual(['10', '20', '30', '100']);
});

test('unsaved changes ask before leaving, by link or by Back', async ({ page }) => {
  await openFlow(page);
  await page.getByRole('link', { name: 'Edit the binding of stage “default-authentication-password”' }).click();
  await page.getByRole('textbox', { name: 'Order' }).fill('99');
  await expect(page.getByRole('status').filter({ hasText: 'Unsaved changes' })).toBeVisible();

  const dialogs: string[] = [];
  // Refuse: stay, with the edit kept.
  page.once('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stages' }).click();
  await expect(page).toHaveURL(new RegExp(`/bindings/${PASSWORD_BINDING}`));
  await expect(page.getByRole('textbox', { name: 'Order' })).toHaveValue('99');

  page.once('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/bindings/${PASSWORD_BINDING}`));
  await expect(page.getByRole('textbox', { name: 'Order' })).toHaveValue('99');
  expect(dialogs).toEqual([
    'You have unsaved changes to this binding. Leave without saving them?',
    'You have unsaved changes to this binding. Leave without saving them?',
  ]);

  // Accept: leave without saving.
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('link', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(/\/flows\/default-authentication-flow$/);
  await expect.poll(async () => (await columnOf(page, FLOW_TABLE, 0))[1]).toBe('20');
});

test('no question when nothing changed', async ({ page }) => {
  await openEditor(page, PASSWORD_BINDING);
  let asked = false;
  page.on('dialog', (d) => { asked = true; void d.dismiss(); });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' }).click();
  await expect(page).toHaveURL(/\/flows$/);
  expect(asked).toBe(false);
});

test('the bound stage is shown chosen even when it is not on the picker’s first page', async ({ page, request }) => {
  // A binding whose stage sorts late by name, so it is not among the first 20.
  const firstPage = await apiGet(request, 'stages/all/?ordering=name&page_size=20');
  const early = new Set(firstPage.body.results.map((s: { pk: string }) => s.pk));
  const bindings = await apiGet(request, 'flows/bindings/?page_size=100');
  const binding = bindings.body.results.find((b: { stage: string }) => !early.has(b.stage));
  expect(binding).toBeTruthy();

  await openEditor(page, binding.pk);
  const stage = page.getByRole('combobox', { name: 'Stage', exact: true });
  await expect(stage).toHaveValue(binding.stage_obj.name);
  await stage.focus();
  await stage.press('ArrowDown');
  const listbox = page.getByRole('listbox', { name: 'Stages' });
  await expect(listbox).toBeVisible();
  await expect(listbox.getByRole('option', { selected: true })).toHaveCount(1);
  await expect(listbox.getByRole('option', { selected: true })).toContainText(binding.stage_obj.name);
  // The rest of the stages are reachable: further pages load on request.
  const before = await listbox.getByRole('option').count();
  await page.getByRole('button', { name: 'Show more stages' }).click();
  await expect.poll(() => listbox.getByRole('option').count()).toBeGreaterThan(before);
  await stage.press('Escape');
  await expect(listbox).toBeHidden();
  await expect(stage).toHaveValue(binding.stage_obj.name);
});

test('the bindings table filters by flow and stage with search pickers', async ({ page }) => {
  await openSignedIn(page, '/bindings');
  const flow = page.getByRole('combobox', { name: 'Flow', exact: true });
  await flow.fill('Welcome to authentik');
  await page.getByRole('option', { name: /default-authentication-flow/ }).click();
  await expect(page).toHaveURL(new RegExp(`target=${AUTH_FLOW}`));
  await expect.poll(async () => new Set(await columnOf(page, 'Stage bindings', 0))).toEqual(new Set(['Welcome to authentik! default-authentication-flow']));
  await expect(rowsOf(page, 'Stage bindings')).toHaveCount(4);
  // A reload looks the chosen flow up by its pk and shows its name.
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Flow', exact: true })).toHaveValue('Welcome to authentik!');
  await expect(rowsOf(page, 'Stage bindings')).toHaveCount(4);
  // Boolean and enum filters.
  await page.getByText('More filters').click();
  await page.getByRole('combobox', { name: 'Re-evaluate policies' }).selectOption({ label: 'Yes' });
  await expect(page).toHaveURL(/re_evaluate_policies=true/);
  await page.getByRole('button', { name: 'Clear the flow' }).click();
  await expect(page).not.toHaveURL(/target=/);
});

test('edits survive the session ending at save time', async ({ page, request }) => {
  await openEditor(page, PASSWORD_BINDING, '?return=%2Fbindings');
  await page.getByRole('textbox', { name: 'Order' }).fill('33');
  await page.getByRole('combobox', { name: 'Invalid response action' }).selectOption({ label: 'Restart, keeping context' });
  await request.put('/__admin/tokens', { data: { 'fresh-token': 'admin' } });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/signin\?next=/);
  await expect(page.getByRole('status').filter({ hasText: 'Your session has ended (Token invalid/expired)' })).toBeVisible();
  await page.getByLabel('API token').fill('fresh-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`/bindings/${PASSWORD_BINDING}\\?return=(%2F|/)bindings$`));
  await expect(page.getByRole('status').filter({ hasText: 'Your unsaved changes were restored.' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Order' })).toHaveValue('33');
  await expect(page.getByRole('combobox', { name: 'Invalid response action' })).toHaveValue('restart_with_context');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/bindings$/);
  const stored = await request.get(`/api/v3/flows/bindings/${PASSWORD_BINDING}/`, { headers: { Authorization: 'Bearer fresh-token' } });
  expect((await stored.json()).order).toBe(33);
});

test('a refetch keeps the rows that did not change and redraws the one that did', async ({ page, request }) => {
  await openSignedIn(page, '/bindings');
  const rows = rowsOf(page, 'Stage bindings');
  await expect(rows).toHaveCount(20);
  // Tag each row's node with a property: a row that is rebuilt loses it.
  await rows.evaluateAll((rs) => rs.forEach((r, i) => Object.assign(r, { probe: i })));
  const href = await rows.nth(1).getByRole('link', { name: /^Edit the binding of/ }).getAttribute('href');
  const pk = href?.match(/[0-9a-f]{8}-[0-9a-f-]{27}/)?.[0];
  expect(pk).toBeTruthy();
  const before = (await columnOf(page, 'Stage bindings', 4))[1];
  const changed = await request.patch(`/api/v3/flows/bindings/${pk}/`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
    data: { evaluate_on_plan: before !== 'Yes' },
  });
  expect(changed.status()).toBe(200);

  // More rows per page: the first 20 come back, one of them changed.
  await page.getByRole('combobox', { name: 'Rows per page' }).selectOption('50');
  await expect(rows).toHaveCount(50);
  expect((await columnOf(page, 'Stage bindings', 4))[1]).toBe(before === 'Yes' ? 'No' : 'Yes');
  const probes = await rows.evaluateAll((rs) => rs.slice(0, 20).map((r) => (r as unknown as { probe?: number }).probe ?? null));
  expect(probes).toEqual(Array.from({ length: 20 }, (_, i) => (i === 1 ? null : i)));
});

test('typing in a picker lets go of the option arrowed to, so Enter before the results cannot choose it', async ({
  page,
  request,
}) => {
  await openEditor(page, PASSWORD_BINDING);
  const stage = page.getByRole('combobox', { name: 'Stage', exact: true });
  await stage.focus();
  await stage.press('ArrowDown');
  const listbox = page.getByRole('listbox', { name: 'Stages' });
  await expect(listbox.getByRole('option').nth(3)).toBeVisible();
  for (let i = 0; i < 3; i++) await stage.press('ArrowDown');
  await expect(stage).toHaveAttribute('aria-activedescendant', /.+/);
  // The search's answer is slow: Enter comes before it.
  await injectFault(request, { kind: 'delay', delay_ms: 1500, path: '/stages/all/' });
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('pass');
  expect(await stage.getAttribute('aria-activedescendant')).toBeNull();
  await page.keyboard.press('Enter');
  // Nothing chosen: the typed text stays, also once the matches are in.
  await expect(stage).toHaveValue('pass');
  await expect(listbox.getByRole('option').first()).toContainText(/pass/i);
  await expect(stage).toHaveValue('pass');
  // Then the keyboard chooses among them.
  await stage.press('ArrowDown');
  await stage.press('Enter');
  await expect(stage).not.toHaveValue('pass');
  await expect(stage).toHaveValue(/pass/i);
});

test('a picker closed after its search failed to show more opens again on the first page of everything', async ({
  page,
  request,
}) => {
  await openSignedIn(page, '/bindings');
  const flow = page.getByRole('combobox', { name: 'Flow', exact: true });
  const listbox = page.getByRole('listbox', { name: 'Flows' });
  await flow.fill('login'); // 37 matches: a second page to show
  await expect(listbox.getByRole('option')).toHaveCount(20);
  await expect(listbox.getByRole('option').first()).toContainText(/login/i);
  const matches = await listbox.getByRole('option').allTextContents();
  await injectFault(request, { kind: 'status', status: 502, path: '/flows/instances/' });
  await page.getByRole('button', { name: 'Show more flows' }).click();
  await expect(page.getByText(/HTTP 502/)).toBeVisible();
  await flow.press('Escape');
  await expect(listbox).toBeHidden();
  await flow.press('ArrowDown');
  await expect(page.getByText('Showing 20 of 264 flows.')).toBeVisible();
  await expect(listbox.getByRole('option')).toHaveCount(20);
  // Everything's first page (by name: the hostile names first), not the search's matches.
  await expect(listbox.getByRole('option').first()).toContainText('onerror');
  expect(await listbox.getByRole('option').allTextContents()).not.toEqual(matches);
});

test('Retry from the keyboard hands focus to Save while saving, and back to Retry if it fails again', async ({
  page,
  request,
}) => {
  await openEditor(page, PASSWORD_BINDING);
  await injectFault(request, { kind: 'status', status: 503, path: `/flows/bindings/${PASSWORD_BINDING}/` });
  await page.getByRole('textbox', { name: 'Order' }).fill('27');
  await page.getByRole('button', { name: 'Save' }).click();
  const retry = page.getByRole('button', { name: 'Retry' });
  await expect(retry).toBeFocused();
  await injectFault(request, { kind: 'status', status: 503, delay_ms: 800, path: `/flows/bindings/${PASSWORD_BINDING}/` });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Saving…' })).toBeFocused();
  await expect(retry).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/bindings$/);
  expect((await apiGet(request, `flows/bindings/${PASSWORD_BINDING}/`)).body.order).toBe(27);
});
