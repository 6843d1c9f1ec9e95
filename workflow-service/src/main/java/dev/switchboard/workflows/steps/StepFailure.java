package dev.switchboard.workflows.steps;

/** A step attempt that cannot succeed as the run's data stands; the message says why. */
class StepFailure extends RuntimeException {

	StepFailure(String message) {
		super(message, null, false, false);
	}

}
