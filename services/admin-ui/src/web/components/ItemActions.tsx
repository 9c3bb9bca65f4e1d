import { ConfirmButton } from './ConfirmButton.js';

interface Props {
  /** what the item is, e.g. `video track` */
  what: string;
  name: string;
  /** the question asked before deleting */
  question: string;
  onEdit(): void;
  onDelete(): Promise<void>;
}

/** Edit and (confirmed) Delete for one item of an inline list, labelled for screen readers. */
export function ItemActions({ what, name, question, onEdit, onDelete }: Props) {
  return (
    <div class="item-actions">
      <button type="button" aria-label={`Edit ${what} ${name}`} onClick={onEdit}>
        Edit
      </button>
      <ConfirmButton label="Delete" ariaLabel={`Delete ${what} ${name}`} question={question} onConfirm={onDelete} />
    </div>
  );
}
