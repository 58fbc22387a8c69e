import { modifier } from "ember-modifier";

/**
 * Assigns an object's entries as properties of the element it is attached to, which is how the
 * widget elements receive `config` and their topic. Runs again when the object changes.
 */
export default modifier((element, [properties]) => {
  Object.assign(element, properties);
});
