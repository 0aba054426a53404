"""Camera sources: FileCamera over an image, a folder and a video; errors are typed."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.hardware.camera import CameraError, FileCamera, OpenCvCamera, frames


def _image(value: int) -> np.ndarray:
    return np.full((120, 160, 3), value, np.uint8)


def test_single_image_repeats(tmp_path: Path) -> None:
    path = tmp_path / "page.png"
    cv2.imwrite(str(path), _image(100))
    with FileCamera(path) as camera:
        shots = list(frames(camera, 3))
    assert all(shot.shape == (120, 160, 3) and int(shot[0, 0, 0]) == 100 for shot in shots)


def test_folder_loops_with_repeat(tmp_path: Path) -> None:
    for value in (10, 20):
        cv2.imwrite(str(tmp_path / f"{value}.png"), _image(value))
    (tmp_path / "notes.txt").write_text("not an image")
    camera = FileCamera(tmp_path, repeat=2)
    values = [int(frame[0, 0, 0]) for frame in frames(camera, 6)]
    camera.close()
    assert values == [10, 10, 20, 20, 10, 10]


def test_video_loops(tmp_path: Path) -> None:
    path = tmp_path / "clip.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (160, 120))
    for value in (30, 90, 150):
        writer.write(_image(value))
    writer.release()
    with FileCamera(path) as camera:
        values = [int(frame[0, 0, 0]) for frame in frames(camera, 7)]
        assert camera.name == "clip.avi"
    assert len(values) == 7
    assert abs(values[0] - 30) < 8 and abs(values[3] - 30) < 8  # looped back to the start


def test_missing_and_empty_sources(tmp_path: Path) -> None:
    with pytest.raises(CameraError) as caught:
        FileCamera(tmp_path / "nothing.png")
    assert caught.value.code == "camera_unavailable"
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CameraError):
        FileCamera(empty)


def test_closed_camera_refuses_reads(tmp_path: Path) -> None:
    path = tmp_path / "p.png"
    cv2.imwrite(str(path), _image(1))
    camera = FileCamera(path)
    camera.close()
    with pytest.raises(CameraError):
        camera.read()


def test_absent_device_is_a_camera_error() -> None:
    with pytest.raises(CameraError):
        OpenCvCamera(97)
