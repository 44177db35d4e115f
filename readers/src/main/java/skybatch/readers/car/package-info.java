/**
 * Content-addressed archives: {@link skybatch.readers.car.CarReader} streams the verified
 * {@link skybatch.readers.car.CarBlock}s of a CARv1 or CARv2 file after its {@link skybatch.readers.car.CarHeader};
 * {@link skybatch.readers.car.CarException} reports malformed input with its byte offset.
 */
package skybatch.readers.car;
