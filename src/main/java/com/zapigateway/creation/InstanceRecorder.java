package com.zapigateway.creation;

/**
 * Prepares an instance Z-API created (or that was found on Z-API and adopted) for
 * storage. Implemented by the instance feature, which owns what a stored instance holds
 * (its token sealed, its due date estimated when Z-API's was unreadable); the creation
 * feature writes the row in the one statement that finishes the create, so the instance,
 * the create's DONE mark and its audit row are stored together or not at all.
 */
public interface InstanceRecorder {

	/**
	 * Prepares the instance for storage. Writes nothing.
	 * @param instance the instance
	 * @return what to store
	 */
	Recorded prepare(NewInstance instance);

	/**
	 * What the instance feature stores. The creation feature writes its {@link #row()}
	 * and hands it back, unread, in its {@link CreationResult} once stored.
	 */
	interface Recorded {

		/**
		 * The row to insert into {@code instances}.
		 * @return the row
		 */
		InstanceRow row();

	}

}
