import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link } from '@remix-run/react';
import {
  FormError,
  useActionError,
  useSubmittedValues,
  SubmitButton,
  TextArea,
  TextField,
} from '../components/forms';
import { brandSchema, createBrand } from '../domain/brands.server';
import {
  parseInput,
  redirectWithFlash,
  requireViewer,
  requireViewerOrRedirect,
  runAction,
} from '../utils/http.server';

export const meta: MetaFunction = () => [{ title: 'Create a brand · Cocrea' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireViewerOrRedirect(context, request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  return runAction(request, async (form) => {
    const viewer = requireViewer(context);
    await context.limits.consume('write', viewer.id);
    const input = parseInput(brandSchema, form);
    const brand = await createBrand(context.db, viewer, input);
    return redirectWithFlash(
      context,
      `/brands/${brand.slug}`,
      `${brand.name} is ready. Launch its first challenge.`,
    );
  });
}

export default function NewBrand() {
  const result = useActionError();
  const values = useSubmittedValues();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Create a brand</h1>
          <p>You become its owner and can add managers.</p>
        </div>
      </div>
      <div className="card">
        <Form method="post" className="form" noValidate>
          <FormError error={result?.error} />
          <TextField
            name="name"
            label="Name"
            required
            maxLength={80}
            defaultValue={values.name}
            errors={result?.fieldErrors}
            hint="2–80 characters."
          />
          <TextArea
            name="description"
            label="Description"
            rows={4}
            maxLength={2000}
            defaultValue={values.description}
            errors={result?.fieldErrors}
            hint="What your brand does and what you hope to learn from your community. Up to 2,000 characters."
          />
          <TextField
            name="website"
            label="Website"
            type="url"
            maxLength={200}
            defaultValue={values.website}
            errors={result?.fieldErrors}
            hint="https://…"
          />
          <div className="form-actions">
            <SubmitButton pendingText="Creating…">Create brand</SubmitButton>
            <Link to="/brands">Cancel</Link>
          </div>
        </Form>
      </div>
    </>
  );
}
